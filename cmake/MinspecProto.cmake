# minspec_proto_library(NAME PROTO_ROOT dir PROTOS a.proto... [GRPC a_service.proto...])
#
# Generates C++ (and gRPC stubs for the GRPC files) into the build tree, never
# the source tree, and wraps them in one static library.
find_program(MINSPEC_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

function(minspec_proto_library name)
  cmake_parse_arguments(ARG "" "PROTO_ROOT" "PROTOS;GRPC" ${ARGN})
  set(gen_dir ${CMAKE_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${gen_dir})
  set(srcs)
  set(hdrs)
  foreach(proto IN LISTS ARG_PROTOS)
    get_filename_component(abs ${ARG_PROTO_ROOT}/${proto} ABSOLUTE)
    string(REGEX REPLACE "\\.proto$" "" stem ${proto})
    set(outs ${gen_dir}/${stem}.pb.cc ${gen_dir}/${stem}.pb.h)
    set(grpc_args)
    if(proto IN_LIST ARG_GRPC)
      list(APPEND outs ${gen_dir}/${stem}.grpc.pb.cc ${gen_dir}/${stem}.grpc.pb.h)
      set(grpc_args --grpc_out=${gen_dir} --plugin=protoc-gen-grpc=${MINSPEC_GRPC_CPP_PLUGIN})
    endif()
    add_custom_command(
      OUTPUT ${outs}
      COMMAND protobuf::protoc --cpp_out=${gen_dir} ${grpc_args}
              -I ${ARG_PROTO_ROOT} ${abs}
      DEPENDS ${abs} protobuf::protoc
      COMMENT "protoc ${proto}"
      VERBATIM)
    foreach(out IN LISTS outs)
      if(out MATCHES "\\.cc$")
        list(APPEND srcs ${out})
      else()
        list(APPEND hdrs ${out})
      endif()
    endforeach()
  endforeach()
  add_library(${name} STATIC ${srcs} ${hdrs})
  target_include_directories(${name} SYSTEM PUBLIC ${gen_dir})
  target_link_libraries(${name} PUBLIC protobuf::libprotobuf gRPC::grpc++)
  # Generated code is not ours to lint.
  target_compile_options(${name} PRIVATE -w)
endfunction()
